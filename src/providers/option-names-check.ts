// Compile-time checks that each preset's option-name list matches its options type: a name that
// is not an option would never be accepted, and an option left off the list would be refused in
// config files. Types only: nothing here runs.
import type { MetabaseAuthOptions } from './metabase.js';
import type { providerOptionNames } from './option-names.js';
import type { ProviderOptionsMap } from './options-map.js';

type OptionsOf = ProviderOptionsMap & { readonly metabase: MetabaseAuthOptions };
/** Every key of every member of a union of option types. */
type KeysOf<T> = T extends unknown ? keyof T : never;
type Listed = typeof providerOptionNames;
type Assert<T extends true> = T;

/** Names on a list that are not options of that preset (the compiler names them here). */
type Unknown = { [P in keyof OptionsOf]: Exclude<Listed[P][number], KeysOf<OptionsOf[P]>> }[keyof OptionsOf];
/** Options of a preset missing from its list. */
type Unlisted = { [P in keyof OptionsOf]: Exclude<KeysOf<OptionsOf[P]>, Listed[P][number]> }[keyof OptionsOf];

export type EveryListedNameIsAnOption = Assert<[Unknown] extends [never] ? true : Unknown>;
export type EveryOptionIsListed = Assert<[Unlisted] extends [never] ? true : Unlisted>;
