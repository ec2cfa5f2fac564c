import { Navigate, Outlet, useLocation } from "react-router";

import { useAuth } from "../auth/store";
import { Loading } from "./QueryState";

/** Pages for signed-in users: others go to the login page, and come back once logged in. */
export function RequireAuth() {
  const status = useAuth((state) => state.status);
  const location = useLocation();
  if (status === "restoring") return <Loading label="Restoring your session…" />;
  if (status === "signed-out") {
    const comeBack = { from: location };
    return <Navigate to="/login" replace state={comeBack} />;
  }
  return <Outlet />;
}
