import type { Store } from '../../bot/storage/repositories';
import type { Backend } from './backends';

/**
 * A store of its own for each test, and more handles on the same storage when a test asks (a restart, a second
 * instance); every handle is closed after the test.
 */
export function storeUnderTest(backend: Backend): { readonly store: Store; another(): Store } {
  let current: { store: Store; reopen(): Store } | undefined;
  const handles: Store[] = [];
  beforeEach(async () => {
    current = await backend.open();
    handles.push(current.store);
  });
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
  });
  return {
    get store(): Store {
      if (current === undefined) throw new Error('no store outside a test');
      return current.store;
    },
    another(): Store {
      if (current === undefined) throw new Error('no store outside a test');
      const handle = current.reopen();
      handles.push(handle);
      return handle;
    },
  };
}
