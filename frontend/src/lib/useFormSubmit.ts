import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { applyServerErrors } from '@/lib/forms';

/**
 * The submit handler every entity form shares: runs `action` with the validated values; on
 * failure keeps the error for `<ServerErrorAlert error other />`, puts a 422's field errors next
 * to the fields named in `fields` and the rest in `other`. `clear` forgets both (a closed modal).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function useFormSubmit<V extends Record<string, any>>(form: UseFormReturnType<V, V, any>, fields: readonly string[], action: (values: V) => Promise<unknown>) {
  const [error, setError] = useState<unknown>(null);
  const [other, setOther] = useState<string[]>([]);
  const clear = () => {
    setError(null);
    setOther([]);
  };
  const submit = form.onSubmit(
    async (values, event) => {
      const formElement = event?.currentTarget; // gone once the event has been handled
      clear();
      try {
        await action(values);
      } catch (e) {
        setError(e);
        setOther(applyServerErrors(form, e, fields));
        focusFirstInvalid(formElement);
      }
    },
    (_errors, _values, event) => focusFirstInvalid(event?.currentTarget),
  );
  return { submit, error, other, clear };
}

/** After a refused save, the keyboard (and a screen reader) goes to the first field marked
 * invalid, once its error is on screen; it stayed on the save button before. */
function focusFirstInvalid(formElement: EventTarget | null | undefined) {
  if (!(formElement instanceof HTMLFormElement)) return;
  setTimeout(() => formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
