import { Link } from "react-router";

import { Page } from "../components/Page";

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>
        There is nothing here.{" "}
        <Link to="/" className="text-blue-800 underline">
          Go to your items
        </Link>
        .
      </p>
    </Page>
  );
}
