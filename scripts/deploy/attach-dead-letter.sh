#!/usr/bin/env bash
# Dead-lettering for the subscriptions behind the function triggers.
#
# Eventarc creates and owns the Pub/Sub subscription of each function trigger; neither
# google_cloudfunctions2_function nor google_eventarc_trigger (google provider 6.50.0) exposes its
# dead-letter policy, and a google_pubsub_subscription cannot adopt a subscription Eventarc manages.
# So after every `terraform apply` this sets, on each trigger's subscription:
#   - the dead-letter topic and max delivery attempts (from `terraform output -json dead_letter`)
#   - roles/pubsub.subscriber for the Pub/Sub service agent, which dead-lettering needs on the source
#     subscription (its publisher grant on the dead-letter topic is made in Terraform).
# Idempotent: the same values are written again on every run.
#
# Usage: attach-dead-letter.sh TF_OUTPUTS_JSON REGION
set -euo pipefail

outputs=${1:?usage: attach-dead-letter.sh TF_OUTPUTS_JSON REGION}
region=${2:?usage: attach-dead-letter.sh TF_OUTPUTS_JSON REGION}

read_output() {
  python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); v=o
for k in sys.argv[2].split("."): v=v[k]
print(v if v is not None else "")' "$outputs" "$1"
}

topic=$(read_output dead_letter.value.topic_id)
attempts=$(read_output dead_letter.value.max_delivery_attempts)
agent=$(read_output dead_letter.value.pubsub_service_agent)

for function in ingest remediate; do
  trigger=$(read_output "functions.value.${function}.trigger")
  if [ -z "$trigger" ]; then
    echo "no Eventarc trigger for ${function} in ${outputs}" >&2
    exit 1
  fi
  subscription=$(gcloud eventarc triggers describe "$trigger" --location="$region" --format='value(transport.pubsub.subscription)')
  if [ -z "$subscription" ]; then
    echo "trigger ${trigger} has no Pub/Sub subscription yet" >&2
    exit 1
  fi
  echo "${function}: ${subscription} -> dead letter ${topic} after ${attempts} attempts"
  gcloud pubsub subscriptions update "$subscription" --dead-letter-topic="$topic" --max-delivery-attempts="$attempts" --quiet
  gcloud pubsub subscriptions add-iam-policy-binding "$subscription" --member="$agent" --role=roles/pubsub.subscriber --quiet >/dev/null
done
