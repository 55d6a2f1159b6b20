/** Configuration: one YAML file plus TOLLGATE_* environment overrides, bound to self-validating records. */
package io.tollgate.config;
