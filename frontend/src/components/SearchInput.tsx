import { TextInput, type TextInputProps } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  /** The search the list shows now (from the URL). */
  value: string;
  /** Called 300 ms after typing stops, so the list is not asked again on every key. */
  onSearch: (value: string) => void;
};

/** A list's search box: answers every key at once, searches once the typing stops. */
export function SearchInput({ value, onSearch, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const search = useDebouncedCallback(onSearch, 300);
  return (
    <TextInput
      label={t('common.search')}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        search(e.currentTarget.value);
      }}
      {...rest}
    />
  );
}
