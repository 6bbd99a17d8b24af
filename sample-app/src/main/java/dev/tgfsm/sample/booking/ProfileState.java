package dev.tgfsm.sample.booking;

import dev.tgfsm.annotation.FeatureState;
import dev.tgfsm.context.FsmContext;
import dev.tgfsm.feature.FeatureStateManager;

/**
 * The profile feature's data, under {@code draft:profile}; filled by {@code /register}.
 */
@FeatureState("profile")
public class ProfileState extends FeatureStateManager {

    /**
     * Creates the manager for the current update.
     *
     * @param context the conversation
     */
    public ProfileState(FsmContext context) {
        super(context, "profile");
    }
}
