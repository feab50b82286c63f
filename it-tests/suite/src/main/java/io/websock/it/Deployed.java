package io.websock.it;

/** A suite of scenarios that runs against the test WAR deployed by the class that mixes it in. */
interface Deployed {

    /** Where the WAR runs, as seen from the test (always 127.0.0.1). */
    Site site();
}
