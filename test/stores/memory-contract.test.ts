// MemoryTokenStore (written with the token manager) against the same store contract as the others.
import { MemoryTokenStore } from '../../src/stores/memory.js';
import { testTokenStore } from '../../src/testing/index.js';

testTokenStore('MemoryTokenStore', () => new MemoryTokenStore());
