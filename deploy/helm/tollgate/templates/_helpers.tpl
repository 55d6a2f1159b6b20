{{/* Names and labels shared by every object. */}}
{{- define "tollgate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tollgate.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tollgate.labels" -}}
{{ include "tollgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "tollgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tollgate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Where the files the chart mounts live inside the container. */}}
{{- define "tollgate.configDir" -}}/etc/tollgate{{- end -}}
{{- define "tollgate.signingKeyDir" -}}/etc/tollgate/audit-key{{- end -}}
{{- define "tollgate.sloDir" -}}/etc/tollgate/slo-definitions{{- end -}}

{{/*
The configuration file: the operator's `config` with the keys the chart owns laid over it. The state root, the
database and the passwords come from the environment (they win over the file), see the workload's env.
*/}}
{{- define "tollgate.configFile" -}}
{{- $owned := dict
    "server" (dict "host" "0.0.0.0" "port" 8080)
    "audit" (dict "signingKeyFile" (printf "%s/audit-signing.key" (include "tollgate.signingKeyDir" .)))
    "auth" (dict "devToken" false "tokens" .Values.auth.tokens) -}}
{{- if .Values.sloDefinitions }}
{{- $_ := set $owned "slo" (dict "definitionsDir" (include "tollgate.sloDir" .)) }}
{{- end }}
{{- if .Values.releaseStrategies }}
{{- $_ := set $owned "releases" (dict "strategiesFile" (printf "%s/release-strategies.yaml" (include "tollgate.configDir" .))) }}
{{- end }}
{{- toYaml (mustMergeOverwrite (deepCopy .Values.config) $owned) -}}
{{- end -}}

{{/* The image reference; the tag defaults to the chart's appVersion. */}}
{{- define "tollgate.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Values the chart cannot work without, and keys of `config` it owns: fail naming the key and what to do. */}}
{{- define "tollgate.validate" -}}
{{- $_ := required "database.url: set the external PostgreSQL (jdbc:postgresql://HOST:PORT/DB); the image cannot run the embedded one" .Values.database.url -}}
{{- $_ := required "database.existingSecret: name the Secret holding the database passwords (keys database.passwordKey and database.migrationPasswordKey)" .Values.database.existingSecret -}}
{{- $_ := required "auditSigningKey.existingSecret: name the Secret holding audit-signing.key and audit-signing.key.pub (docs/kubernetes.md): replicas must share one signing key" .Values.auditSigningKey.existingSecret -}}
{{- if hasKey .Values.config "stateDir" -}}
{{- fail "config.stateDir: set by the chart (one state root per pod under state.mountPath); remove it" -}}
{{- end -}}
{{- with .Values.config.database -}}
{{- range $key := list "url" "user" "password" "migrationUser" "migrationPassword" "dataDir" -}}
{{- if hasKey $.Values.config.database $key -}}
{{- fail (printf "config.database.%s: set by the chart (database.url, database.user, database.migrationUser and the passwords from database.existingSecret); remove it" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- with .Values.config.audit -}}
{{- range $key := list "signingKeyFile" "checkpointFile" -}}
{{- if hasKey $.Values.config.audit $key -}}
{{- fail (printf "config.audit.%s: set by the chart (the key from auditSigningKey.existingSecret, one checkpoint file per pod); remove it" $key) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if hasKey .Values.config "auth" -}}
{{- fail "config.auth: use auth.tokens (devToken is always false in the chart); remove config.auth" -}}
{{- end -}}
{{- end -}}
