import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";

import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { FormError } from "../components/Form";
import { ItemForm } from "../components/ItemForm";
import { Page } from "../components/Page";
import { LoadError, Loading } from "../components/QueryState";

type Item = components["schemas"]["ItemRead"];
type ItemSort = components["schemas"]["ItemSort"];

export const PAGE_SIZE = 5;

const SORTS: Record<ItemSort, string> = {
  "-created_at": "Newest first",
  created_at: "Oldest first",
  title: "Title, A to Z",
  "-title": "Title, Z to A",
};

function isSort(value: string | null): value is ItemSort {
  return value !== null && value in SORTS;
}

export function ItemsPage() {
  const [params, setParams] = useSearchParams();
  const rawSort = params.get("sort");
  const sort: ItemSort = isSort(rawSort) ? rawSort : "-created_at";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const items = useQuery({
    queryKey: ["items", { page, sort }],
    queryFn: () =>
      call(
        api.GET("/api/v1/items", {
          params: { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const pages = items.data ? Math.max(1, Math.ceil(items.data.total / PAGE_SIZE)) : 1;

  function show(next: { page?: number; sort?: ItemSort }) {
    setParams({ page: String(next.page ?? page), sort: next.sort ?? sort });
  }

  return (
    <Page title="Your items">
      <CreateItem />
      <div className="flex items-center gap-2">
        <label htmlFor="sort" className="text-sm font-medium">
          Sort by
        </label>
        <select
          id="sort"
          value={sort}
          onChange={(event) => {
            if (isSort(event.target.value)) show({ page: 1, sort: event.target.value });
          }}
          className="rounded border border-slate-400 bg-white px-2 py-1"
        >
          {Object.entries(SORTS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {items.isPending ? (
        <Loading label="Loading your items…" />
      ) : items.isError ? (
        <LoadError error={items.error} onRetry={() => void items.refetch()} />
      ) : items.data.total === 0 ? (
        <p className="text-slate-600">No items yet. Create your first one above.</p>
      ) : (
        <>
          <ul
            aria-label="Items"
            className="divide-y divide-slate-200 rounded border border-slate-200 bg-white"
          >
            {items.data.items.map((item) => (
              <ItemRow key={item.id} item={item} />
            ))}
          </ul>
          <nav aria-label="Pages" className="flex items-center justify-between">
            <button
              type="button"
              disabled={page <= 1}
              onClick={() => {
                show({ page: page - 1 });
              }}
              className="rounded border border-slate-400 px-3 py-1 disabled:opacity-50"
            >
              Previous
            </button>
            <p aria-live="polite" className="text-sm">
              Page {page} of {pages} · {items.data.total} items
            </p>
            <button
              type="button"
              disabled={page >= pages}
              onClick={() => {
                show({ page: page + 1 });
              }}
              className="rounded border border-slate-400 px-3 py-1 disabled:opacity-50"
            >
              Next
            </button>
          </nav>
        </>
      )}
    </Page>
  );
}

function useRefreshItems() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["items"] });
}

function CreateItem() {
  const refresh = useRefreshItems();
  return (
    <ItemForm
      submitLabel="Add item"
      save={(body) => call(api.POST("/api/v1/items", { body }))}
      onSaved={refresh}
      clearOnSave
      aria-labelledby="new-item"
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 id="new-item" className="text-lg font-semibold">
        New item
      </h2>
    </ItemForm>
  );
}

function ItemRow({ item }: { item: Item }) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const refresh = useRefreshItems();
  const remove = useMutation({
    mutationFn: () =>
      call(api.DELETE("/api/v1/items/{item_id}", { params: { path: { item_id: item.id } } })),
    onSuccess: refresh,
  });

  if (editing) {
    return (
      <li className="p-4">
        <EditItem
          item={item}
          onDone={() => {
            setEditing(false);
          }}
        />
      </li>
    );
  }
  return (
    <li className="flex flex-wrap items-start justify-between gap-2 p-4">
      <div>
        <p className="font-medium">{item.title}</p>
        {item.description && <p className="text-sm text-slate-600">{item.description}</p>}
      </div>
      <div className="flex gap-2">
        {confirming ? (
          <>
            <button
              type="button"
              onClick={() => {
                remove.mutate();
              }}
              className="rounded bg-red-800 px-3 py-1 text-sm text-white"
            >
              Confirm delete
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
              className="rounded border border-slate-400 px-3 py-1 text-sm"
            >
              Keep
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              aria-label={`Edit ${item.title}`}
              onClick={() => {
                setEditing(true);
              }}
              className="rounded border border-slate-400 px-3 py-1 text-sm"
            >
              Edit
            </button>
            <button
              type="button"
              aria-label={`Delete ${item.title}`}
              onClick={() => {
                setConfirming(true);
              }}
              className="rounded border border-red-700 px-3 py-1 text-sm text-red-800"
            >
              Delete
            </button>
          </>
        )}
      </div>
      <FormError error={remove.error} />
    </li>
  );
}

function EditItem({ item, onDone }: { item: Item; onDone: () => void }) {
  const refresh = useRefreshItems();
  return (
    <ItemForm
      initial={item}
      submitLabel="Save"
      save={(body) =>
        call(api.PATCH("/api/v1/items/{item_id}", { params: { path: { item_id: item.id } }, body }))
      }
      onSaved={async () => {
        await refresh();
        onDone();
      }}
      onCancel={onDone}
      autoFocus
      aria-label={`Edit ${item.title}`}
      className="space-y-3"
    />
  );
}
