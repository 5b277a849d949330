// The public pages (no login) at /cong-khai: their own entry of the build, with React and
// nothing of the staff app (no Mantine, no query or i18n library), so a phone loads little.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './public.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
