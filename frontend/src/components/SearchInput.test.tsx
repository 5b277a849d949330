import { act, fireEvent, screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/render';
import { SearchInput } from './SearchInput';

describe('SearchInput', () => {
  it('shows every key at once and searches once the typing stops', () => {
    vi.useFakeTimers();
    try {
      const onSearch = vi.fn();
      renderWithProviders(<SearchInput value="" onSearch={onSearch} data-testid="search" />);
      const box = screen.getByTestId('search');
      fireEvent.change(box, { target: { value: 's' } });
      fireEvent.change(box, { target: { value: 'son mai' } });
      expect(box).toHaveValue('son mai');
      expect(onSearch).not.toHaveBeenCalled();
      act(() => void vi.advanceTimersByTime(300));
      expect(onSearch).toHaveBeenCalledTimes(1);
      expect(onSearch).toHaveBeenCalledWith('son mai');
    } finally {
      vi.useRealTimers();
    }
  });
});
