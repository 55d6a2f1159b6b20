package io.tollgate.adapter.kubernetes;
