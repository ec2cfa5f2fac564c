import { useEffect, useRef, type ReactNode } from "react";

import { APP_NAME } from "../app-name";

/** A page's heading and title; focus moves to the heading, so screen readers announce it. */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${APP_NAME}`;
    heading.current?.focus();
  }, [title]);
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <h1
        id="page-title"
        ref={heading}
        tabIndex={-1}
        className="text-2xl font-semibold outline-none"
      >
        {title}
      </h1>
      {children}
    </section>
  );
}
