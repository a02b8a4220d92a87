package dev.pagerstatus.policy;

import dev.pagerstatus.statuspage.ComponentStatus;

/**
 * The public words pagerstatus writes on the status page. The only thing substituted in is the component's
 * Statuspage name ({@value #COMPONENT_NAME}, the Python tool's placeholder): the PagerDuty title, hostnames and
 * alert text are internal and never reach the page.
 */
public record IncidentTemplate(
        String name, String body, String resolvedBody, ComponentStatus componentStatus, boolean notifySubscribers) {

    public static final String COMPONENT_NAME = "{{component_name}}";
    /** Statuspage rejects longer incident names. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Statuspage's limit on an incident update body. */
    public static final int MAX_BODY_LENGTH = 25_000;

    public static final String DEFAULT_NAME = "Investigating errors in " + COMPONENT_NAME;
    public static final String DEFAULT_BODY = "Automated monitoring has determined that " + COMPONENT_NAME
            + " is experiencing errors, and the on-call engineer is investigating.";
    public static final String DEFAULT_RESOLVED_BODY =
            COMPONENT_NAME + " is operating normally again. This incident has been resolved.";
    public static final String DUPLICATE_BODY = "This notice duplicated another one for " + COMPONENT_NAME
            + " and has been closed. Updates continue on the remaining incident.";

    public static IncidentTemplate defaults() {
        return new IncidentTemplate(
                DEFAULT_NAME, DEFAULT_BODY, DEFAULT_RESOLVED_BODY, ComponentStatus.PARTIAL_OUTAGE, true);
    }

    public String renderName(String componentName) {
        String rendered = render(name, componentName);
        return rendered.length() <= MAX_NAME_LENGTH ? rendered : rendered.substring(0, MAX_NAME_LENGTH - 1) + "…";
    }

    public String renderBody(String componentName) {
        return render(body, componentName);
    }

    public String renderResolvedBody(String componentName) {
        return render(resolvedBody, componentName);
    }

    public String renderDuplicateBody(String componentName) {
        return render(DUPLICATE_BODY, componentName);
    }

    private static String render(String text, String componentName) {
        return text.replace(COMPONENT_NAME, componentName);
    }
}
