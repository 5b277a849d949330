// The one date input of the app. People type dd/mm/yyyy (or ISO); the value is an ISO date
// (`yyyy-mm-dd`), null when empty, or the typed text when it cannot be read, so that the form's
// `dateRule` refuses it instead of silently keeping another date.
import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { displayDate, isIsoDate, parseDateText } from '@/lib/dates';

export interface DateFieldProps extends Omit<TextInputProps, 'value' | 'defaultValue' | 'onChange' | 'type'> {
  value?: string | null;
  onChange?: (value: string | null) => void;
}

/** What the form holds for a typed text: the ISO date, null, or the unreadable text itself. */
function toValue(text: string): string | null {
  const parsed = parseDateText(text);
  return parsed === undefined ? text : parsed;
}

export function DateField({ value, onChange, onBlur, onKeyDown, error, disabled, readOnly, ...rest }: DateFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => displayDate(value));
  const [seen, setSeen] = useState(value);
  const [localError, setLocalError] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);

  // A value set from outside (reset, default, picked in the calendar) replaces the text; the
  // echo of what was just typed does not, so the person's text stays as typed.
  if (value !== seen) {
    setSeen(value);
    if (toValue(text) !== (value ?? null)) {
      setText(displayDate(value));
      setLocalError(null);
    }
  }

  const settle = () => {
    const parsed = parseDateText(text);
    if (parsed === undefined) setLocalError(t('inputs.dateInvalid'));
    else {
      setLocalError(null);
      setText(displayDate(parsed));
    }
  };

  const pick = (iso: string | null) => {
    setOpened(false);
    setText(displayDate(iso));
    setLocalError(null);
    onChange?.(iso);
  };

  return (
    <TextInput
      placeholder={t('inputs.datePlaceholder')}
      inputMode="numeric"
      autoComplete="off"
      {...rest}
      disabled={disabled}
      readOnly={readOnly}
      value={text}
      error={error || localError || undefined}
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        setLocalError(null);
        onChange?.(toValue(next));
      }}
      onBlur={(e: FocusEvent<HTMLInputElement>) => {
        settle();
        onBlur?.(e);
      }}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        // Enter in a date field checks the date; it never submits a half-filled form.
        if (e.key === 'Enter') {
          e.preventDefault();
          settle();
        }
        onKeyDown?.(e);
      }}
      rightSection={
        disabled || readOnly ? undefined : (
          <Popover opened={opened} onChange={setOpened} position="bottom-end" shadow="md" trapFocus>
            <Popover.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('inputs.datePick')} onClick={() => setOpened((o) => !o)} data-testid="date-pick">
                <IconCalendar size={18} aria-hidden />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <DatePicker value={isIsoDate(value) ? value : null} defaultDate={isIsoDate(value) ? value : undefined} onChange={(d) => pick(d)} />
            </Popover.Dropdown>
          </Popover>
        )
      }
    />
  );
}
