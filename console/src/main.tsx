import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, createQueryClient, signInQuery } from './app/App';

const client = createQueryClient();
// The first render waits for the sign-in check (index.html sent it before this code arrived, so it has usually
// answered by now): the console is drawn once, as the sign-in page or the opened page, without a loading pass.
void client.prefetchQuery(signInQuery(client)).then(() =>
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  ),
);
