import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";

import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { logout } from "../auth/session";
import { FormError } from "../components/Form";
import { Page } from "../components/Page";
import { LoadError, Loading } from "../components/QueryState";

type Session = components["schemas"]["SessionRead"];

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function SessionsPage() {
  const navigate = useNavigate();
  const sessions = useQuery({
    queryKey: ["sessions"],
    queryFn: () => call(api.GET("/api/v1/users/me/sessions")),
  });
  const everywhere = useMutation({
    mutationFn: () => call(api.DELETE("/api/v1/users/me/sessions")),
    onSuccess: async () => {
      await logout();
      await navigate("/login", { state: { notice: "You are signed out on every device." } });
    },
  });

  return (
    <Page title="Active sessions">
      <p className="text-slate-600">
        Each login on a device is a session. Revoke any you do not know.
      </p>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <ul
          aria-label="Sessions"
          className="divide-y divide-slate-200 rounded border border-slate-200 bg-white"
        >
          {sessions.data.map((session) => (
            <SessionRow key={session.id} session={session} />
          ))}
        </ul>
      )}
      <FormError error={everywhere.error} />
      <button
        type="button"
        onClick={() => {
          everywhere.mutate();
        }}
        className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900"
      >
        Sign out everywhere
      </button>
    </Page>
  );
}

function SessionRow({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      call(
        api.DELETE("/api/v1/users/me/sessions/{session_id}", {
          params: { path: { session_id: session.id } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const device = session.user_agent ?? "Unknown device";
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 p-4">
      <div>
        <p className="font-medium">
          {device}
          {session.current && (
            <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs text-green-900">
              This device
            </span>
          )}
        </p>
        <p className="text-sm text-slate-600">
          {session.ip_address ?? "Unknown address"} · last used{" "}
          {when.format(new Date(session.last_used_at))}
        </p>
      </div>
      {!session.current && (
        <button
          type="button"
          aria-label={`Revoke the session of ${device}`}
          onClick={() => {
            revoke.mutate();
          }}
          className="rounded border border-red-700 px-3 py-1 text-sm text-red-800"
        >
          Revoke
        </button>
      )}
      <FormError error={revoke.error} />
    </li>
  );
}
