// Health of a stream input (BRIEF interface 4): every status interval one line per partition,
// `action=stream_status input= namespace= event_hub= partition= events= events_per_s= lag= checkpoint_seq=
// reconnects= status=ok|error`. lag = last enqueued sequence number − checkpointed sequence number.
import type { ReceivedEventData } from '@azure/event-hubs';

export class PartitionStats {
  /** Events written since the last status line. */
  events = 0;
  total = 0;
  badMessages = 0;
  /** Receiver links created for this partition (the first, then each reconnect). */
  opens = 0;
  errors = 0;
  lastEnqueuedSeq: number | undefined;
  /** This process reads the partition now (with the Blob store another forwarder may). */
  owned = false;
  checkpointSeq: number | undefined;
  /** The last message whose events are flushed to splunkd. */
  flushed: ReceivedEventData | undefined;
  lastCheckpointAt: number;
  lineAt: number;

  constructor(
    readonly id: string,
    now: number,
  ) {
    this.lastCheckpointAt = now;
    this.lineAt = now;
  }

  opened(): void {
    this.opens++;
  }

  written(events: number, last: ReceivedEventData): void {
    this.events += events;
    this.total += events;
    this.flushed = last;
  }

  /** Receivers opened again after the first (link detached, connection lost, ownership regained). */
  get reconnects(): number {
    return Math.max(0, this.opens - 1);
  }

  /** The line's fields; resets the per-interval counters. */
  statusFields(now: number, inputInError: boolean): Record<string, string | number> {
    const seconds = Math.max(0.001, (now - this.lineAt) / 1000);
    const checkpoint = this.checkpointSeq ?? -1;
    const fields = {
      partition: this.id,
      events: this.events,
      events_per_s: Number((this.events / seconds).toFixed(2)),
      lag: this.lastEnqueuedSeq === undefined ? '' : Math.max(0, this.lastEnqueuedSeq - checkpoint),
      checkpoint_seq: this.checkpointSeq ?? '',
      reconnects: this.reconnects,
      status: inputInError || this.errors > 0 ? 'error' : 'ok',
      bad_messages: this.badMessages,
    };
    this.events = 0;
    this.errors = 0;
    this.lineAt = now;
    return fields;
  }
}
