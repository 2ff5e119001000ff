import type { Dataset } from '../model';

/** Define-XML 2.1 `DataType` values this writer emits (Define-XML 2.1 §4.3.3, ODM 1.3.2 §3.1.2). */
export type DefineDataType = 'text' | 'integer' | 'float' | 'datetime' | 'date' | 'time';

/** `def:Origin/@Type` (Define-XML 2.1 §5.3.11.2; the 2.1 vocabulary, no "CRF"/"eDT"). */
export type DefineOriginType = 'Collected' | 'Derived' | 'Assigned' | 'Protocol' | 'Predecessor';

/** `def:Origin/@Source` (Define-XML 2.1 §5.3.11.2). */
export type DefineOriginSource = 'Subject' | 'Investigator' | 'Vendor' | 'Sponsor';

/** One `def:Standard` (Define-XML 2.1 §5.3.2.1), e.g. SDTMIG 3.4 or CDISC/NCI CT 2024-03-29. */
export interface DefineStandard {
  /**
   * Reference key (from datasets and codelists) and OID part (`STD.<id>`): letters, digits, `.`,
   * `_`, `-`. Default `name`; give one when two standards share a name (SDTM and ADaM CT).
   */
  id?: string;
  /** `SDTMIG`, `ADaMIG`, `SENDIG`, `CDISC/NCI`, … */
  name: string;
  /** `IG` for an implementation guide, `CT` for controlled terminology. */
  type: 'IG' | 'CT';
  /** e.g. `3.4`, `1.3` or, for CT, the publication date `2024-03-29`. */
  version: string;
  /** CT only: `SDTM`, `ADaM`, `SEND`, `DEFINE-XML`, … */
  publishingSet?: string;
  /** Default `Final`. */
  status?: string;
}

/** `def:Origin` of a variable (Define-XML 2.1 §5.3.11.2). */
export interface DefineOrigin {
  type: DefineOriginType;
  /** Who supplied the value: e.g. `Investigator` for collected data, `Sponsor` for derived. */
  source?: DefineOriginSource;
  /** Free text: the predecessor variable (required for `Predecessor`), a collection note, … */
  description?: string;
}

/** Define metadata for one variable; everything defaults from the {@link Dataset} variable. */
export interface DefineVariable {
  /**
   * Default: `text` for Char; for Num `integer` when every non-missing value is whole, else `float`.
   * `date`, `datetime` and `time` are ISO 8601 text (Char) per Define-XML 2.1; SAS numeric dates
   * are `integer` with a `displayFormat` such as `DATE9.`.
   */
  dataType?: DefineDataType;
  /**
   * `Length` (text, integer and float only). Default: text, the XPT length (`length` of the
   * variable, else the longest value); integer and float, the most digits in any value (at least 1).
   */
  length?: number;
  /** `SignificantDigits` (float only). Default: the most decimals in any value. */
  significantDigits?: number;
  /** `def:DisplayFormat`. Default: the variable's SAS `format`, if any. */
  displayFormat?: string;
  /** `Description`. Default: the variable's label. */
  description?: string;
  /** `ItemRef/@Mandatory`. Default: `true` for key variables, else `false`. */
  mandatory?: boolean;
  /** `ItemRef/@Role` (SDTM: `Identifier`, `Topic`, `Timing`, `Grouping Qualifier`, …). */
  role?: string;
  /** Name of a codelist in {@link DefineInput.codeLists} (`CodeListRef` → `CL.<name>`). */
  codeList?: string;
  /** Name of a method in {@link DefineInput.methods} (`ItemRef/@MethodOID` → `MT.<name>`). */
  method?: string;
  /** Name of a comment in {@link DefineInput.comments} (`def:CommentOID` → `COM.<name>`). */
  comment?: string;
  origin?: DefineOrigin;
}

/** One dataset: the data (names, labels, types, lengths) plus its Define metadata. */
export interface DefineDataset {
  dataset: Dataset;
  /** `Tabulation` for SDTM/SEND, `Analysis` for ADaM. */
  purpose: 'Tabulation' | 'Analysis';
  /** Id (default: name) of a standard in {@link DefineInput.standards} (`def:StandardOID`). */
  standard: string;
  /** `Domain`; default the dataset name for `Tabulation`, omitted for `Analysis`. */
  domain?: string;
  /** `def:Structure`, e.g. `One record per subject`. */
  structure: string;
  /** `def:Class/@Name`, e.g. `SPECIAL PURPOSE`, `EVENTS`, `BASIC DATA STRUCTURE`. */
  class: string;
  /** `def:SubClass/@Name` (ADaM), e.g. `TIME-TO-EVENT`. */
  subclass?: string;
  /** `Repeating`: more than one record per subject. */
  repeating: boolean;
  /** `IsReferenceData`; default `false`. */
  isReferenceData?: boolean;
  /** Key variables in key order (`ItemRef/@KeySequence` 1, 2, …). */
  keys?: string[];
  /** Transport file name (`def:leaf` href and `def:title`); default `<name in lower case>.xpt`. */
  location?: string;
  /** Name of a comment in {@link DefineInput.comments}. */
  comment?: string;
  /** Per-variable metadata, by variable name. */
  variables?: Record<string, DefineVariable>;
}

/** One codelist term (`CodeListItem` when the list has decodes, else `EnumeratedItem`). */
export interface DefineCodeListItem {
  codedValue: string;
  /** `Decode/TranslatedText`; give it on every term of a list or on none. */
  decode?: string;
  /** `OrderNumber`. */
  orderNumber?: number;
  /** `def:ExtendedValue="Yes"`: a sponsor term added to extensible CT. */
  extended?: boolean;
  /** NCI C-code of the term (`Alias Context="nci:ExtCodeID"`). */
  nciCode?: string;
}

/** A `CodeList` (ODM 1.3.2 §3.1.2.11, Define-XML 2.1 §5.3.12). OID `CL.<name>`. */
export interface DefineCodeList {
  /** OID part and reference key: letters, digits, `.`, `_`, `-`. */
  name: string;
  /** `Name` attribute; default `name`. */
  label?: string;
  /** Must equal the `DataType` of every variable that refers to the list. */
  dataType: 'text' | 'integer' | 'float';
  items: DefineCodeListItem[];
  /** NCI C-code of the codelist (`Alias Context="nci:ExtCodeID"`). */
  nciCode?: string;
  /** Id (default: name) of a CT standard in {@link DefineInput.standards}. */
  standard?: string;
}

/** A `MethodDef` (Define-XML 2.1 §5.3.13). OID `MT.<name>`. */
export interface DefineMethod {
  /** OID part and reference key: letters, digits, `.`, `_`, `-`. */
  name: string;
  /** `Name` attribute; default `name`. */
  label?: string;
  type: 'Computation' | 'Imputation';
  description: string;
}

/** A `def:CommentDef` (Define-XML 2.1 §5.3.14). OID `COM.<name>`. */
export interface DefineComment {
  /** OID part and reference key: letters, digits, `.`, `_`, `-`. */
  name: string;
  description: string;
}

/** Everything {@link defineXml} writes; nothing is read from a clock. */
export interface DefineInput {
  /** `ODM/@FileOID`. */
  fileOID: string;
  /**
   * `ODM/@CreationDateTime`, ISO 8601 (e.g. `2025-03-01T10:00:00`). Omitted when absent, so the
   * output is deterministic; the ODM schema requires it in a submitted file.
   */
  creationDateTime?: string;
  originator?: string;
  sourceSystem?: string;
  sourceSystemVersion?: string;
  study: {
    oid: string;
    name: string;
    description: string;
    protocolName: string;
  };
  metaDataVersion: {
    oid: string;
    name: string;
    description?: string;
    /** `def:DefineVersion`; default `2.1.7`. Must be `2.1.x`. */
    defineVersion?: string;
  };
  standards: DefineStandard[];
  datasets: DefineDataset[];
  codeLists?: DefineCodeList[];
  methods?: DefineMethod[];
  comments?: DefineComment[];
}
