// Entry point of the deployed source (package.json "main"): registers every function; Cloud Functions
// picks one by its --entry-point (ingest, remediate, remediationApi, api).
import './ingest';
import './remediate';
import './api';
