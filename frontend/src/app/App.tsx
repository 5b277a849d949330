import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { Providers, makeQueryClient } from './providers';
import { router } from './router';

export function App() {
  const [client] = useState(makeQueryClient);
  return (
    <Providers client={client}>
      <RouterProvider router={router} />
    </Providers>
  );
}
