package io.milvusgitops.daemon.record;

import java.io.IOException;

/**
 * An upgrade record exists but this build cannot read it: the target's plan cannot be resumed safely,
 * so the target is held (halted) until a person looks, never planned again over a half-done upgrade.
 */
public final class UnreadableRecord extends IOException {

    public UnreadableRecord(String why) {
        super("the upgrade record cannot be read: " + why);
    }
}
