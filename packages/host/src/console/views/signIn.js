import { useSignal } from "@preact/signals";
import { signIn, signInError, connection } from "../client.js";
import { html } from "../html.js";

export const SignIn = () => {
  const token = useSignal("");
  return html`<form
    class="signin"
    data-testid="signin"
    onSubmit=${(e) => {
      e.preventDefault();
      signIn(token.value);
    }}
  >
    <h2>Sign in</h2>
    <label
      >Token
      <input
        type="password"
        autocomplete="off"
        data-testid="token"
        value=${token.value}
        onInput=${(e) => (token.value = e.currentTarget.value)}
    /></label>
    <button type="submit" data-testid="signin-button" disabled=${connection.value === "connecting"}>
      Sign in
    </button>
    <p class="error" role="alert" data-testid="signin-error">${signInError.value}</p>
  </form>`;
};
