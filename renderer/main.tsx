/** Renderer entry: zod without eval (strict CSP), the API client, the store, the React root. */
import './app/zod-config';
import './ui/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/client';
import { App } from './app/App';
import { createAppStore } from './store/index';
import { applyTheme, cachedThemePreference } from './ui/theme';

applyTheme(cachedThemePreference());
const client = createApiClient(window);
const store = createAppStore({ api: client.api, connection: client.connection, problem: client.problem });
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
