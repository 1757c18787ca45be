{{/* Object names, as `helm create` spells them: <release>-milvus-gitops, at most 63 characters. */}}
{{- define "milvus-gitops.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "milvus-gitops.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "milvus-gitops.selectorLabels" -}}
app.kubernetes.io/name: {{ include "milvus-gitops.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "milvus-gitops.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "milvus-gitops.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "milvus-gitops.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "milvus-gitops.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Where the Secret files are mounted; the config names files under it. */}}
{{- define "milvus-gitops.secretsDir" -}}/etc/milvus-gitops/secrets{{- end }}

{{/*
The Secret keys the pod mounts, as YAML {file name: {secretName, key}}: one list read by both the
config (which names the files) and the Deployment (which mounts them), so the two cannot disagree.
A reference whose secretName is empty is left out, and so is the setting it would feed.
*/}}
{{- define "milvus-gitops.secretFiles" -}}
{{- $files := dict }}
{{- $v := .Values }}
{{- with $v.git.token }}{{ if .secretName }}{{ $_ := set $files "git-token" (dict "secretName" .secretName "key" .key) }}{{ end }}{{ end }}
{{- with $v.git.ssh }}{{ if .secretName }}
{{- $_ := set $files "git-ssh-key" (dict "secretName" .secretName "key" .privateKeyKey) }}
{{- $_ := set $files "git-known-hosts" (dict "secretName" .secretName "key" .knownHostsKey) }}
{{- if .passphraseKey }}{{ $_ := set $files "git-ssh-passphrase" (dict "secretName" .secretName "key" .passphraseKey) }}{{ end }}
{{- end }}{{ end }}
{{- range $provider := list "github" "gitlab" "gitea" "generic" }}
{{- with index $v.webhooks $provider }}{{ if .secretName }}{{ $_ := set $files (printf "%s-webhook-secret" $provider) . }}{{ end }}{{ end }}
{{- end }}
{{- with $v.kubeconfig }}{{ if .secretName }}{{ $_ := set $files "kubeconfig" . }}{{ end }}{{ end }}
{{- with $v.notifications.webhook.url }}{{ if .secretName }}{{ $_ := set $files "notify-webhook-url" . }}{{ end }}{{ end }}
{{- with $v.notifications.webhook.key }}{{ if .secretName }}{{ $_ := set $files "notify-webhook-key" . }}{{ end }}{{ end }}
{{- with $v.notifications.slack.url }}{{ if .secretName }}{{ $_ := set $files "slack-webhook-url" . }}{{ end }}{{ end }}
{{- toYaml $files }}
{{- end }}

{{/* The Lease's name. */}}
{{- define "milvus-gitops.leaseName" -}}
{{- default (include "milvus-gitops.fullname" .) .Values.leaderElection.name }}
{{- end }}
