import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser, renderWithProviders } from '@/test/render';
import { AppLayout } from './AppLayout';

describe('AppLayout', () => {
  it('gives the page one main landmark (a second, nested one confuses screen readers)', () => {
    renderWithProviders(<AppLayout />, { user: makeUser('program_manager') });
    expect(screen.getAllByRole('main')).toHaveLength(1);
  });
});
