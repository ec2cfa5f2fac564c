import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";

import { api, call } from "../api/client";
import { Notice } from "../components/Form";
import { Page } from "../components/Page";
import { LoadError, Loading } from "../components/QueryState";

export function VerifyEmailPage() {
  const token = useSearchParams()[0].get("token") ?? "";
  // A query, not an effect: the token works once, and the cache keeps a second render from
  // spending it again.
  const verification = useQuery({
    queryKey: ["verify-email", token],
    queryFn: () => call(api.POST("/api/v1/auth/verify", { body: { token } })).then(() => true),
    enabled: token !== "",
    staleTime: Infinity,
    gcTime: Infinity,
  });

  return (
    <Page title="Verify your email">
      {token === "" ? (
        <p role="alert">This link has no token. Open the link from the email again.</p>
      ) : verification.isPending ? (
        <Loading label="Verifying…" />
      ) : verification.isError ? (
        <LoadError error={verification.error} onRetry={() => void verification.refetch()} />
      ) : (
        <Notice>
          Your email address is verified. You can now{" "}
          <Link to="/login" className="underline">
            log in
          </Link>
          .
        </Notice>
      )}
    </Page>
  );
}
