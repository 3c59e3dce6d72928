// The default checkpoint store (one forwarder): per-partition checkpoints (sequence number + offset) in one
// JSON file per input stanza in splunkd's checkpoint_dir, replaced atomically like the polled inputs'
// (src/inputs/common/checkpoint.ts). Implements @azure/event-hubs' CheckpointStore. Ownership lives in memory:
// one process reads the input, so it owns every partition (several forwarders need the Blob store).
import type { Checkpoint, CheckpointStore, PartitionOwnership } from '@azure/event-hubs';
import { randomUUID } from 'node:crypto';
import { CheckpointFile } from '../inputs/common/checkpoint';

export const STREAM_STATE_VERSION = 1;

/** What the checkpoint file holds. Keyed by the configured hub, so a repointed input starts over. */
export interface StreamState {
  version: number;
  namespace: string;
  eventHub: string;
  consumerGroup: string;
  partitions: Record<string, { sequenceNumber: number; offset: string }>;
}

export interface HubKey {
  namespace: string;
  eventHub: string;
  consumerGroup: string;
}

export class LocalCheckpointStore implements CheckpointStore {
  #state: StreamState;
  #ownership = new Map<string, PartitionOwnership>();
  // Saves are serialised (one temp file per process) and coalesced: the newest state wins.
  #saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: CheckpointFile<StreamState>,
    state: StreamState,
  ) {
    this.#state = state;
  }

  /** Opens the stanza's file; a file for another hub or an unreadable one starts empty, with `problem` saying so. */
  static async open(dir: string, stanza: string, key: HubKey): Promise<{ store: LocalCheckpointStore; problem?: string }> {
    const file = new CheckpointFile<StreamState>(dir, stanza);
    const { state, problem } = await file.load();
    const fresh: StreamState = { version: STREAM_STATE_VERSION, ...key, partitions: {} };
    if (!state) return { store: new LocalCheckpointStore(file, fresh), ...(problem ? { problem } : {}) };
    const same = state.version === STREAM_STATE_VERSION && state.namespace === key.namespace && state.eventHub === key.eventHub && state.consumerGroup === key.consumerGroup;
    if (same && state.partitions && typeof state.partitions === 'object') return { store: new LocalCheckpointStore(file, state) };
    return {
      store: new LocalCheckpointStore(file, fresh),
      problem: `the checkpoint in ${file.path} is for ${state.namespace}/${state.eventHub} consumer group ${state.consumerGroup}; the input now reads ${key.namespace}/${key.eventHub} consumer group ${key.consumerGroup}, so it starts from its start_position`,
    };
  }

  get path(): string {
    return this.file.path;
  }

  /** Saved positions by partition (for status lines and tests). */
  positions(): Readonly<StreamState['partitions']> {
    return this.#state.partitions;
  }

  async listOwnership(): Promise<PartitionOwnership[]> {
    return [...this.#ownership.values()];
  }

  async claimOwnership(requests: PartitionOwnership[]): Promise<PartitionOwnership[]> {
    const won: PartitionOwnership[] = [];
    for (const r of requests) {
      const current = this.#ownership.get(r.partitionId);
      if (current && current.etag !== r.etag) continue; // optimistic concurrency, as the SDK expects
      const claimed = { ...r, etag: randomUUID(), lastModifiedTimeInMs: Date.now() };
      this.#ownership.set(r.partitionId, claimed);
      won.push(claimed);
    }
    return won;
  }

  async listCheckpoints(fullyQualifiedNamespace: string, eventHubName: string, consumerGroup: string): Promise<Checkpoint[]> {
    return Object.entries(this.#state.partitions).map(([partitionId, p]) => ({
      fullyQualifiedNamespace,
      eventHubName,
      consumerGroup,
      partitionId,
      sequenceNumber: p.sequenceNumber,
      offset: p.offset,
    }));
  }

  updateCheckpoint(checkpoint: Checkpoint): Promise<void> {
    this.#state = {
      ...this.#state,
      partitions: { ...this.#state.partitions, [checkpoint.partitionId]: { sequenceNumber: checkpoint.sequenceNumber, offset: checkpoint.offset } },
    };
    const snapshot = this.#state;
    // A failed save fails its caller only; the next one tries again.
    this.#saving = this.#saving.catch(() => undefined).then(() => (this.#state === snapshot ? this.file.save(snapshot) : undefined));
    return this.#saving;
  }
}
