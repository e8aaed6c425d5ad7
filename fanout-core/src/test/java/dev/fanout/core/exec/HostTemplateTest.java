package dev.fanout.core.exec;

import dev.fanout.core.text.SafeNames;
import dev.fanout.core.inventory.Host;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostTemplateTest {
    private static final Host WEB01 = Host.of("web01", "10.0.0.5", 22, "deploy");

    @Test
    void nameAddressUserAndALiteralPercentAreExpanded() {
        HostTemplate template = HostTemplate.parse("%h %a %u 100%% %%h");

        assertThat(template.expand(WEB01)).isEqualTo("web01 10.0.0.5 deploy 100% %h");
        assertThat(template.isConstant()).isFalse();
        assertThat(template.text()).isEqualTo("%h %a %u 100%% %%h");
    }

    @Test
    void aTextWithoutHostValuesIsConstantAndExpandsWithoutAHost() {
        HostTemplate template = HostTemplate.parse("df -h; echo 50%%");

        assertThat(template.isConstant()).isTrue();
        assertThat(template.expand(null)).isEqualTo("df -h; echo 50%");
    }

    @Test
    void anyOtherPercentIsTextAsTheShellsOwnUsesOfItNeedIt() {
        assertThat(HostTemplate.parse("date +%s; printf '%d' 5; echo 50%").expand(null))
                .isEqualTo("date +%s; printf '%d' 5; echo 50%");
        assertThat(HostTemplate.parse("date +%s").isConstant()).isTrue();
    }

    @Test
    void onlyNameTellsHostsApart() {
        assertThat(HostTemplate.parse("logs/%u").usesName()).isFalse();
        assertThat(HostTemplate.parse("logs/%h").usesName()).isTrue();
    }

    @Test
    void inACommandAValueAShellWouldNeedQuotedIsRefusedNamingHostTemplateAndValue() {
        HostTemplate template = HostTemplate.parse("echo %u");

        assertThat(template.expandForShell(WEB01)).isEqualTo("echo deploy");
        assertThatThrownBy(() -> template.expandForShell(WEB01.withUser("a b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("web01: %u would put 'a b' in the command, which a shell would not take as it is");
        assertThat(HostTemplate.parse("ping %a").expandForShell(Host.of("v6", "fe80::1%eth0", 22, "u")))
                .isEqualTo("ping fe80::1%eth0");
    }

    @Test
    void aLocalPathTakesEachValueAsAFileName() {
        Host odd = Host.of("../up", "a/b", 22, "u");

        assertThat(HostTemplate.parse("conf/%h-%a.conf").expand(odd, SafeNames::component))
                .isEqualTo("conf/.._up-a_b.conf");
    }
}
