// Entry point of the deployed source (package.json "main"): registers every function; Cloud Functions
// picks one by its --entry-point (ingest, remediate, remediationApi).
import './ingest';
import './remediate';
