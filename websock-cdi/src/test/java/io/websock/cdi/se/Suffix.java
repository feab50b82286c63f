package io.websock.cdi.se;

import jakarta.enterprise.context.Dependent;

/** A dependent bean injected through an initializer method. */
@Dependent
public class Suffix {
    public String value() {
        return "!";
    }
}
