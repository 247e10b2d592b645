import { l2NormaliseInPlace, type SparseVector } from './sparse-vector';
import { extractTerms, validateRange, type NgramRange, type TermOptions } from './terms';
import { tokenize, type TokenizeOptions } from './tokenize';

export interface TfidfOptions {
  /** Word n-gram range. Default [1, 2]. */
  wordNgrams: NgramRange;
  /** Character n-grams within words, or null for none. Default null. */
  charNgrams: NgramRange | null;
  /** tf → 1 + ln(tf): a word repeated ten times is not ten times the evidence. Default true. */
  sublinearTf: boolean;
  /** idf = ln((1 + n) / (1 + df)) + 1, as if one extra document held every term. Default true. */
  smoothIdf: boolean;
  /** Minimum number of training documents a term must occur in. Default 1. */
  minDf: number;
  /** Terms in more than this fraction of documents are dropped. Default 1 (keep all). */
  maxDfRatio: number;
  /** Vocabulary cap: the terms with the highest df are kept, ties by term order. Null for no cap. */
  maxFeatures: number | null;
  tokenMinLength: number;
  numbers: 'collapse' | 'keep';
}

export const DEFAULT_TFIDF_OPTIONS: Readonly<TfidfOptions> = Object.freeze({
  wordNgrams: [1, 2] as const,
  charNgrams: null,
  sublinearTf: true,
  smoothIdf: true,
  minDf: 1,
  maxDfRatio: 1,
  maxFeatures: null,
  tokenMinLength: 1,
  numbers: 'collapse' as const,
});

export interface TfidfVectorizerJson {
  format: typeof FORMAT;
  options: TfidfOptions;
  documentCount: number;
  /** Vocabulary in index order (ascending by UTF-16 code units). */
  terms: string[];
  idf: number[];
}

const FORMAT = 'flexiroaster.tfidf/1';

/** Code-unit order, not localeCompare: the vocabulary must sort the same on every machine. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fitted TF-IDF model: immutable, so one instance can serve concurrent requests. */
export class TfidfVectorizer {
  private readonly index: Map<string, number>;
  private readonly termOptions: TermOptions;
  private readonly tokenOptions: TokenizeOptions;

  private constructor(
    readonly options: Readonly<TfidfOptions>,
    readonly documentCount: number,
    private readonly terms: readonly string[],
    private readonly idf: Float64Array,
  ) {
    this.index = new Map(terms.map((term, i) => [term, i]));
    this.termOptions = { wordNgrams: options.wordNgrams, charNgrams: options.charNgrams };
    this.tokenOptions = { minLength: options.tokenMinLength, numbers: options.numbers };
  }

  static fit(documents: readonly string[], overrides: Partial<TfidfOptions> = {}): TfidfVectorizer {
    const options = resolveOptions(overrides);
    const df = new Map<string, number>();
    const termOptions: TermOptions = { wordNgrams: options.wordNgrams, charNgrams: options.charNgrams };
    const tokenOptions: TokenizeOptions = { minLength: options.tokenMinLength, numbers: options.numbers };
    for (const document of documents) {
      for (const term of new Set(extractTerms(tokenize(document, tokenOptions), termOptions))) df.set(term, (df.get(term) ?? 0) + 1);
    }
    const maxDf = options.maxDfRatio * documents.length;
    let kept = [...df].filter(([, count]) => count >= options.minDf && count <= maxDf);
    if (options.maxFeatures !== null && kept.length > options.maxFeatures) {
      kept.sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
      kept = kept.slice(0, options.maxFeatures);
    }
    kept.sort((a, b) => compareStrings(a[0], b[0]));
    const n = documents.length;
    const idf = Float64Array.from(kept, ([, count]) => (options.smoothIdf ? Math.log((1 + n) / (1 + count)) + 1 : Math.log(n / count) + 1));
    return new TfidfVectorizer(options, n, kept.map(([term]) => term), idf);
  }

  get size(): number {
    return this.terms.length;
  }

  /** The term behind a feature index, for explanations; undefined outside the vocabulary. */
  termAt(index: number): string | undefined {
    return this.terms[index];
  }

  indexOf(term: string): number | undefined {
    return this.index.get(term);
  }

  transform(text: string): SparseVector {
    const counts = new Map<number, number>();
    for (const term of extractTerms(tokenize(text, this.tokenOptions), this.termOptions)) {
      const at = this.index.get(term);
      if (at !== undefined) counts.set(at, (counts.get(at) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float64Array(indices.length);
    for (let i = 0; i < indices.length; i += 1) {
      const at = indices[i] as number;
      const tf = counts.get(at) as number;
      values[i] = (this.options.sublinearTf ? 1 + Math.log(tf) : tf) * (this.idf[at] as number);
    }
    l2NormaliseInPlace(values);
    return { indices, values };
  }

  transformAll(texts: readonly string[]): SparseVector[] {
    return texts.map((text) => this.transform(text));
  }

  toJSON(): TfidfVectorizerJson {
    return {
      format: FORMAT,
      options: { ...this.options, wordNgrams: [...this.options.wordNgrams], charNgrams: this.options.charNgrams ? [...this.options.charNgrams] : null } as TfidfOptions,
      documentCount: this.documentCount,
      terms: [...this.terms],
      idf: Array.from(this.idf),
    };
  }

  static fromJSON(json: TfidfVectorizerJson): TfidfVectorizer {
    if (json.format !== FORMAT) throw new Error(`unsupported vectorizer format ${String(json.format)}, expected ${FORMAT}`);
    if (json.terms.length !== json.idf.length) throw new Error(`vectorizer has ${json.terms.length} terms but ${json.idf.length} idf weights`);
    for (let i = 1; i < json.terms.length; i += 1) {
      if (compareStrings(json.terms[i - 1] as string, json.terms[i] as string) >= 0) throw new Error(`vectorizer terms are not strictly ascending at index ${i}`);
    }
    return new TfidfVectorizer(resolveOptions(json.options), json.documentCount, [...json.terms], Float64Array.from(json.idf));
  }
}

function resolveOptions(overrides: Partial<TfidfOptions>): TfidfOptions {
  const options: TfidfOptions = { ...DEFAULT_TFIDF_OPTIONS, ...overrides };
  validateRange('wordNgrams', options.wordNgrams);
  if (options.charNgrams) validateRange('charNgrams', options.charNgrams);
  if (!Number.isInteger(options.minDf) || options.minDf < 1) throw new RangeError(`minDf must be an integer >= 1, got ${options.minDf}`);
  if (!(options.maxDfRatio > 0 && options.maxDfRatio <= 1)) throw new RangeError(`maxDfRatio must be in (0, 1], got ${options.maxDfRatio}`);
  if (options.maxFeatures !== null && (!Number.isInteger(options.maxFeatures) || options.maxFeatures < 1)) {
    throw new RangeError(`maxFeatures must be a positive integer or null, got ${options.maxFeatures}`);
  }
  return options;
}
