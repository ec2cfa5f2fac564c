import { create } from "zustand";

/** `restoring` until the first refresh after a page load has answered. */
export type AuthStatus = "restoring" | "signed-in" | "signed-out";

interface AuthState {
  /** Kept in memory only: a reload gets a new one through the refresh cookie. */
  accessToken: string | null;
  status: AuthStatus;
  signIn: (accessToken: string) => void;
  signOut: () => void;
}

export const useAuth = create<AuthState>()((set) => ({
  accessToken: null,
  status: "restoring",
  signIn: (accessToken) => {
    set({ accessToken, status: "signed-in" });
  },
  signOut: () => {
    set({ accessToken: null, status: "signed-out" });
  },
}));
