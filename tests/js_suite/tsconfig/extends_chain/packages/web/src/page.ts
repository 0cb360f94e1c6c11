import { Store } from "@core/store";

export function render(): string {
  const store = new Store();
  return store.get("title");
}
