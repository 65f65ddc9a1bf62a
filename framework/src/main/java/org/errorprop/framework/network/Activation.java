package org.errorprop.framework.network;

/** Elementwise non-linearities; each knows its derivative in terms of its own output. */
public enum Activation {
    RELU {
        @Override
        public double apply(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        public double derivativeFromOutput(double y) {
            return y > 0 ? 1.0 : 0.0;
        }
    },
    SIGMOID {
        @Override
        public double apply(double x) {
            return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
        }

        @Override
        public double derivativeFromOutput(double y) {
            return y * (1.0 - y);
        }
    },
    TANH {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivativeFromOutput(double y) {
            return 1.0 - y * y;
        }
    },
    IDENTITY {
        @Override
        public double apply(double x) {
            return x;
        }

        @Override
        public double derivativeFromOutput(double y) {
            return 1.0;
        }
    };

    public abstract double apply(double x);

    /** {@code f'(x)} expressed through {@code y = f(x)}; ReLU's derivative at 0 is taken as 0. */
    public abstract double derivativeFromOutput(double y);
}
