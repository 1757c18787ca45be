package io.milvusgitops.policy.path;

import io.milvusgitops.policy.path.Step.UpdateComponent;
import io.milvusgitops.policy.path.Step.WaitHealthy;
import io.milvusgitops.policy.target.Component;
import io.milvusgitops.policy.target.Image;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How one deployment method carries out each hop kind: the steps, and the steps that undo a failed hop.
 * These follow the upgrade guides in shared/reference/seeds step by step.
 */
interface StepRecipe {

    List<Step> steps(HopContext h);

    List<Step> rollback(HopContext h);

    /** Component by component in the documented stage order, each stage watched until healthy. */
    static List<Step> rollStages(List<List<Component>> stages, Image image) {
        List<Step> steps = new ArrayList<>();
        for (List<Component> stage : stages) {
            for (Component c : stage) {
                steps.add(new UpdateComponent(c, image));
            }
            steps.add(new WaitHealthy(stage));
        }
        return steps;
    }

    /** The stages in reverse order: what a rolling downgrade does after a failed rolling hop. */
    static List<List<Component>> reversed(List<List<Component>> stages) {
        List<List<Component>> r = new ArrayList<>(stages);
        Collections.reverse(r);
        return r;
    }
}
