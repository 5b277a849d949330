import { Alert, Badge, createTheme, mergeThemeOverrides, MantineProvider, Modal, Notification, type CSSVariablesResolver } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import 'dayjs/locale/vi';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '@/lib/api/problem';
import { AuthProvider } from '@/lib/auth/AuthProvider';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white button text above the WCAG AA 4.5:1 contrast ratio.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  components: {
    // Alert titles in the light variant (yellow, orange) are below AA contrast by default.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-dark-7)' } } }),
    // Badges in table cells keep their whole label instead of an ellipsis.
    Badge: Badge.extend({ styles: { root: { maxWidth: 'none', flexShrink: 0 }, label: { overflow: 'visible' } } }),
  },
});

/** `#rrggbb` scaled towards black (factor 0.7 keeps 70% of each channel). */
export function darken(hex: string, factor: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  return `#${m
    .slice(1)
    .map((h) => Math.round(parseInt(h, 16) * factor).toString(16).padStart(2, '0'))
    .join('')}`;
}

// Darker "dimmed" text than Mantine's default so secondary text meets WCAG AA contrast, and darker
// text for light variants (badges, light buttons): even shade 9 of green, teal, lime or yellow on
// its own tint is below 4.5:1 at badge size.
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(Object.entries(t.colors).map(([c, shades]) => [`--mantine-color-${c}-light-color`, darken(shades[9], 0.72)])),
  },
  dark: {},
});

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(isApiError(err) && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
    mutationCache: new MutationCache(),
  });
}

export function Providers({ children, client }: { children: ReactNode; client: QueryClient }) {
  const { i18n, t } = useTranslation();
  // Close buttons get an accessible name in the current language.
  const localized = useMemo(
    () =>
      mergeThemeOverrides(
        theme,
        createTheme({
          components: {
            Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
            Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
          },
        }),
      ),
    [t],
  );
  return (
    <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver}>
      <DatesProvider settings={{ locale: i18n.language.startsWith('en') ? 'en' : 'vi', firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <ModalsProvider>
            <AuthProvider>{children}</AuthProvider>
          </ModalsProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
