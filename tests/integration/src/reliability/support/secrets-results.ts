/** What the privacy proof looked at for one adapter, for RELIABILITY.md. */
export interface SecretsScenarioFigures {
  readonly adapter: string;
  readonly aktoRequests: number;
  readonly upstreamRequests: number;
  readonly logLines: number;
  readonly postedEvents: number;
  readonly portkeyResults: number;
  readonly failureLogLines: number;
}

export interface SecretsArtifact {
  readonly generatedAt: string;
  readonly scenarios: ReadonlyArray<SecretsScenarioFigures>;
}
