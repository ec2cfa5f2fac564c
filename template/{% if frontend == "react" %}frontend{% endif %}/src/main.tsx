import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { restoreSession } from "./auth/session";
import "./index.css";

void restoreSession();

const root = document.getElementById("root");
if (root === null) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
