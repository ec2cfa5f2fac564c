import { QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { RouterProvider } from "react-router";

import { useAuth } from "./auth/store";
import { createQueryClient } from "./queryClient";
import { createAppRouter } from "./routes";

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter());
  // Nothing cached for one user may show to the next.
  useEffect(
    () =>
      useAuth.subscribe((state, previous) => {
        if (previous.status === "signed-in" && state.status === "signed-out") queryClient.clear();
      }),
    [queryClient],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
