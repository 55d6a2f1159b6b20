// Jenkins shared-library step: a Tollgate gate check that fails the build on deny.
//
//   @Library('tollgate') _            // library configured with Library Path: integrations/jenkins/
//   stage('Gate canary-5') {
//     steps {
//       script {
//         def gate = tollgateCheck(service: 'checkout', version: env.TAG_NAME, environment: 'production',
//                                  stage: 'canary-5', wait: '10m')
//         echo "allowed by decision ${gate.decisionId}"
//       }
//     }
//   }
//
// The check carries the build's commit (GIT_COMMIT), build tag (BUILD_TAG) and author (CHANGE_AUTHOR on pull
// requests, else the commit's author). The token comes from the Secret-text credential `credentialsId`
// (default 'tollgate-token'); the URL from `url:` or the TOLLGATE_URL environment variable. The policy's reasons
// are in the console log; deny, a hold past `wait` or an error fails the build with error(...). Needs a Java 21+
// and the tollgate CLI on the agent (`cli:` names it when it is not on PATH).
def call(Map args = [:]) {
    ['service', 'version', 'environment', 'stage'].each { key ->
        if (!args[key]) {
            error("tollgateCheck: '${key}' is required")
        }
    }
    def dir = "${env.WORKSPACE_TMP ?: pwd(tmp: true)}/tollgate"
    def script = "${dir}/tollgate-check.sh"
    def resultFile = "${dir}/result-${env.BUILD_NUMBER}.properties"
    writeFile(file: script, text: libraryResource('io/tollgate/tollgate-check.sh'))
    def vars = [
        "TOLLGATE_SERVICE=${args.service}",
        "TOLLGATE_VERSION=${args.version}",
        "TOLLGATE_ENVIRONMENT=${args.environment}",
        "TOLLGATE_STAGE=${args.stage}",
        "TOLLGATE_PREVIOUS_STAGE=${args.previousStage ?: ''}",
        "TOLLGATE_APPROVALS=${(args.approvals ?: []).join(',')}",
        "TOLLGATE_LABELS=${(args.labels ?: []).join(',')}",
        "TOLLGATE_WAIT=${args.wait ?: ''}",
        "TOLLGATE_RESULT_FILE=${resultFile}",
    ]
    if (args.url) { vars << "TOLLGATE_URL=${args.url}" }
    if (args.cli) { vars << "TOLLGATE_CLI=${args.cli}" }
    if (args.commit) { vars << "TOLLGATE_COMMIT=${args.commit}" }
    if (args.author) { vars << "TOLLGATE_AUTHOR=${args.author}" }

    def status = 1
    withEnv(vars) {
        withCredentials([string(credentialsId: args.credentialsId ?: 'tollgate-token', variable: 'TOLLGATE_TOKEN')]) {
            status = sh(script: "bash '${script}'", returnStatus: true)
        }
    }
    def result = [outcome: 'error', decisionId: '', message: '']
    if (fileExists(resultFile)) {
        readFile(resultFile).readLines().each { line ->
            int eq = line.indexOf('=')
            if (eq > 0) { result[line.substring(0, eq)] = line.substring(eq + 1) }
        }
    }
    if (status != 0) {
        def why = result.outcome == 'error' ? result.message : "see the reasons above (decision ${result.decisionId})"
        error("Tollgate: ${result.outcome} for ${args.service} ${args.version} → ${args.environment}/${args.stage}: ${why}")
    }
    return result
}
