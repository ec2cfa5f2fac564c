import { Link, NavLink, Outlet, useNavigate } from "react-router";

import { APP_NAME } from "../app-name";
import { logout } from "../auth/session";
import { useAuth } from "../auth/store";

const navClass = ({ isActive }: { isActive: boolean }) =>
  `rounded px-3 py-2 text-sm font-medium ${isActive ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-200"}`;

export function Layout() {
  const status = useAuth((state) => state.status);
  const navigate = useNavigate();

  async function onLogout() {
    await logout();
    await navigate("/login");
  }

  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-2 px-4 py-3">
          <Link to="/" className="text-lg font-semibold">
            {APP_NAME}
          </Link>
          <nav aria-label="Main">
            <ul className="flex flex-wrap items-center gap-1">
              {status === "signed-in" ? (
                <>
                  <li>
                    <NavLink to="/items" className={navClass}>
                      Items
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/profile" className={navClass}>
                      Profile
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/sessions" className={navClass}>
                      Sessions
                    </NavLink>
                  </li>
                  <li>
                    <button
                      type="button"
                      onClick={() => void onLogout()}
                      className="rounded px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-200"
                    >
                      Log out
                    </button>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavLink to="/login" className={navClass}>
                      Log in
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to="/register" className={navClass}>
                      Register
                    </NavLink>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-4xl px-4 py-8">
        <Outlet />
      </main>
    </>
  );
}
