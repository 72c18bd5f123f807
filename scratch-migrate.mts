import { openStore } from './src/storage/open-store.js';
const s = await openStore('postgres://postgres@127.0.0.1:5432/idxcheck'); await s.close();
