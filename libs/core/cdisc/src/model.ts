/** SAS variable type: character or numeric (the only two types XPORT and SAS know). */
export type VariableType = 'Char' | 'Num';

/** One variable (column) of a dataset. */
export interface DatasetVariable {
  /** SAS name, e.g. `USUBJID` (XPORT v5: 1–8 characters, upper case A–Z, 0–9, `_`). */
  name: string;
  /** Variable label (XPORT v5: at most 40 characters). */
  label: string;
  type: VariableType;
  /**
   * Storage length in bytes. Char: 1–200, default the longest value (at least 1).
   * Num: 8 (the default; shorter numeric lengths are not written).
   */
  length?: number;
  /** SAS format, e.g. `DATE9.`, `E8601DT19.` or `$CHAR20.` (name at most 8 characters). */
  format?: string;
}

/** A cell: string for Char, number for Num, `null` for missing. */
export type DatasetValue = string | number | null;

/** A dataset (SAS member, SDTM/ADaM domain) held in memory. */
export interface Dataset {
  /** Member name, e.g. `DM`. */
  name: string;
  /** Dataset label, e.g. `Demographics`. */
  label: string;
  variables: DatasetVariable[];
  /** One array per observation, in `variables` order; `null` = missing. */
  rows: DatasetValue[][];
}
