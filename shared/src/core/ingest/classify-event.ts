import type { Classification, EventClassifier } from '../domain/classification';
import type { ClassifiedEvent, PipelineEvent } from '../domain/pipeline-event';

/**
 * What the classifier reads of a message: its head and its tail. The category is stated in the first
 * lines or the final cause; the middle of a 512 KB trace is frames. Capping here bounds the text every
 * rule, signature mask and tokenizer pattern scans, whatever their shape.
 */
export const CLASSIFIED_TEXT_END = 4096;

export function classifiedText(message: string): string {
  return message.length <= 2 * CLASSIFIED_TEXT_END ? message : `${message.slice(0, CLASSIFIED_TEXT_END)}\n…\n${message.slice(-CLASSIFIED_TEXT_END)}`;
}

/** Only failures get a category: a success or progress line is not evidence of any failure type. */
export function classifyEvent(
  event: PipelineEvent,
  classifier: EventClassifier,
): { event: ClassifiedEvent; classification: Classification | null } {
  if (event.status !== 'failed') return { event: { ...event, category: null }, classification: null };
  const classification = classifier.classify({ message: classifiedText(event.errorMessage ?? ''), source: event.source, codes: event.codes });
  const classifiedEvent: ClassifiedEvent = { ...event, category: classification.category };
  if (classification.signature !== undefined) classifiedEvent.signatureId = classification.signature;
  return { event: classifiedEvent, classification };
}
