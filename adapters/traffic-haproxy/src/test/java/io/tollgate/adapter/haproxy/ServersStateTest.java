package io.tollgate.adapter.haproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServersStateTest {
    // A real HAProxy 2.6.12 answer.
    private static final String ANSWER = """
            1
            # be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port
            3 svc 1 stable 127.0.0.1 2 0 90 100 6 15 3 4 6 0 0 0 - 19997 - 0 0 - - 0
            3 svc 2 canary 127.0.0.1 0 1 10 0 6 8 2 0 6 0 0 0 - 19996 - 0 0 - - 0

            """;

    @Test
    void reads_weight_and_states_by_column_name() {
        var state = ServersState.parse(ANSWER);
        var stable = state.server("stable").orElseThrow();
        var canary = state.server("canary").orElseThrow();
        assertThat(stable.weight()).isEqualTo(90);
        assertThat(stable.ready()).isTrue();
        assertThat(canary.weight()).isEqualTo(10);
        assertThat(canary.ready()).isFalse();
        assertThat(canary.condition()).contains("maintenance");
    }

    @Test
    void an_error_text_is_not_a_state() {
        assertThatThrownBy(() -> ServersState.parse("Can't find backend.\n\n")).hasMessageContaining("Can't find backend.");
    }
}
