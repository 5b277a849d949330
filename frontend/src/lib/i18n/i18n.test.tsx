import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@/components/LanguageSwitch';
import { renderWithProviders } from '@/test/render';
import i18n, { setLanguage } from '.';
import { en } from './locales/en';
import { vi as viMessages } from './locales/vi';

function Probe() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('nav.dashboard')}</h1>
      <p>{t('enum.projectStatus.in_progress')}</p>
    </>
  );
}

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v as object, `${prefix}${k}.`)));
}

describe('i18n', () => {
  afterEach(async () => {
    await setLanguage('vi');
  });

  it('is Vietnamese by default and switches to English', async () => {
    expect(i18n.language).toBe('vi');
    renderWithProviders(
      <>
        <LanguageSwitch />
        <Probe />
      </>,
    );
    expect(screen.getByRole('heading', { name: 'Tổng quan' })).toBeInTheDocument();
    expect(screen.getByText('Đang thực hiện')).toBeInTheDocument();
    await userEvent.click(screen.getByText('EN'));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeInTheDocument();
    expect(screen.getByText('In progress')).toBeInTheDocument();
    expect(localStorage.getItem('kc.lang')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('has the same keys in both languages', () => {
    expect(keys(en).sort()).toEqual(keys(viMessages).sort());
  });
});
