package org.errorprop.experiments.data;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;

/**
 * Turns MNIST-format IDX images and labels into data sets.
 *
 * <p>Rules: MNIST format means {@value #CLASSES} classes, so every label must lie in 0..9; an image
 * file and its label file must hold the same number of examples; train and test images must have
 * the same size. Inputs are the pixel bytes divided by 255 (in [0, 1], no further normalisation),
 * targets one-hot over the 10 classes. The four file names of an MNIST-format directory are in
 * {@link #FILE_NAMES}, each plain or with {@code .gz} appended.
 */
public final class MnistFormat {
    /** Number of classes of any MNIST-format data set. */
    public static final int CLASSES = 10;

    /** Training images. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    /** Training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    /** Test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    /** Test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    /** The four base names, in the order train images, train labels, test images, test labels. */
    public static final List<String> FILE_NAMES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private MnistFormat() {
    }

    /** One data set from an image file and its label file. */
    public static Dataset dataset(String name, IdxImages images, IdxLabels labels) {
        if (images.count() != labels.count()) {
            throw new InvalidInputException(images.source() + " holds " + images.count() + " images but "
                    + labels.source() + " holds " + labels.count() + " labels; they must match");
        }
        int[] y = labels.toArray();
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= CLASSES) {
                throw new InvalidInputException(labels.source() + ": label " + y[i] + " at index " + i
                        + " is outside 0.." + (CLASSES - 1) + " (MNIST format has " + CLASSES + " classes)");
            }
        }
        return Dataset.classification(name, images.toMatrix(), y, CLASSES);
    }

    /** A train/test split from the four parts; both data sets are called {@code name}. */
    public static DataSplit split(String name, IdxImages trainImages, IdxLabels trainLabels, IdxImages testImages,
            IdxLabels testLabels) {
        if (trainImages.rows() != testImages.rows() || trainImages.columns() != testImages.columns()) {
            throw new InvalidInputException(trainImages.source() + " holds " + trainImages.rows() + " x "
                    + trainImages.columns() + " images but " + testImages.source() + " holds " + testImages.rows()
                    + " x " + testImages.columns() + " images; train and test must have the same size");
        }
        return new DataSplit(dataset(name, trainImages, trainLabels), dataset(name, testImages, testLabels));
    }
}
