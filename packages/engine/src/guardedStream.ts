/**
 * Event streams whose subscribers cannot hurt the publisher or each other. rxjs catches an error a
 * subscriber throws and rethrows it from a timer, which ends the process; a guarded stream runs each
 * subscriber's callbacks inside their own `try` and hands what they throw to `report`.
 */
import {
  Observable,
  Subscriber,
  type Observer,
  type Operator,
  type Subscription,
  type TeardownLogic,
} from "rxjs";

class GuardedObservable<T> extends Observable<T> {
  constructor(
    private readonly report: (error: unknown) => void,
    subscribe?: (subscriber: Subscriber<T>) => TeardownLogic,
  ) {
    super(subscribe);
  }

  // `pipe` builds each operator's observable through `lift`: guarded too, so a chain's last subscriber is.
  override lift<R>(operator?: Operator<T, R>): Observable<R> {
    const observable = new GuardedObservable<R>(this.report);
    observable.source = this;
    observable.operator = operator;
    return observable;
  }

  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    // An operator's own subscriber: the one at the end of its chain is the guarded one.
    if (observerOrNext instanceof Subscriber) return super.subscribe(observerOrNext);
    const observer: Partial<Observer<T>> =
      typeof observerOrNext === "object" && observerOrNext !== null
        ? observerOrNext
        : {
            ...(observerOrNext && { next: observerOrNext }),
            ...(error && { error }),
            ...(complete && { complete }),
          };
    const report = this.report;
    return super.subscribe({
      next: (value) => {
        try {
          observer.next?.(value);
        } catch (thrown) {
          report(thrown);
        }
      },
      ...(observer.error && {
        error: (e: unknown) => {
          try {
            observer.error?.(e);
          } catch (thrown) {
            report(thrown);
          }
        },
      }),
      complete: () => {
        try {
          observer.complete?.();
        } catch (thrown) {
          report(thrown);
        }
      },
    });
  }
}

/** `source` as a stream whose subscribers' errors go to `report` instead of out of the publisher. */
export const guardedStream = <T>(source: Observable<T>, report: (error: unknown) => void): Observable<T> =>
  new GuardedObservable<T>(report, (subscriber) => source.subscribe(subscriber));
