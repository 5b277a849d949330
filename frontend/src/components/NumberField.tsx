// Number inputs never clamp: a score of 120 stays 120 on screen and the form's `numberRule`
// refuses it, instead of Mantine quietly turning it into 100 and the form saving that.
import { NumberInput, type NumberInputProps } from '@mantine/core';

export function NumberField(props: NumberInputProps) {
  return <NumberInput clampBehavior="none" {...props} />;
}
