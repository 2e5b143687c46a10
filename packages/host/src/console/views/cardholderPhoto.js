// A cardholder's photo in the cardholder form (its path as stored, set by hand or by an import, and
// the image the host serves from its photo directory for the saved cardholder) and in the list.
import { useSignal, useSignalEffect } from "@preact/signals";
import { fetchPhoto } from "../client.js";
import { html } from "../html.js";
import { names } from "../names.js";

const Shown = ({ cardholderId, photoPath, testid, thumb = false }) => {
  const photo = useSignal(null);
  useSignalEffect(() => {
    let url;
    let gone = false;
    fetchPhoto(cardholderId).then((answer) => {
      if (gone) return void (answer.url && URL.revokeObjectURL(answer.url));
      url = answer.url;
      photo.value = answer;
    });
    return () => {
      gone = true;
      if (url) URL.revokeObjectURL(url);
    };
  });
  return photo.value?.url
    ? html`<img
        class=${thumb ? "photo thumb" : "photo"}
        src=${photo.value.url}
        alt=${`Photo: ${photoPath}`}
        data-testid=${`${testid}-image`}
      />`
    : photo.value &&
        !thumb &&
        html`<span class="quiet" data-testid=${`${testid}-missing`}>${photo.value.error}</span>`;
};

/** A cardholder's photo beside their name in a list; nothing where the host has none to show. */
export const PhotoThumb = ({ cardholder, testid }) =>
  cardholder.photoPath &&
  html`<${Shown}
    key=${`${cardholder.id}:${cardholder.photoPath}`}
    cardholderId=${cardholder.id}
    photoPath=${cardholder.photoPath}
    testid=${testid}
    thumb
  />`;

/** The `photoPath` field of a cardholder form; the photo shown is the saved cardholder's. */
export const CardholderPhoto = ({ value, set, testid, draft }) => {
  const stored = names.value.people.get(draft.id)?.photoPath;
  return html`<div class="photo-field">
    ${stored && html`<${Shown} key=${`${draft.id}:${stored}`} cardholderId=${draft.id} photoPath=${stored} testid=${testid} />`}
    <label
      >Path (in the host's photo directory)
      <input
        data-testid=${testid}
        value=${value ?? ""}
        onInput=${(e) => set(e.currentTarget.value || undefined)}
    /></label>
  </div>`;
};
