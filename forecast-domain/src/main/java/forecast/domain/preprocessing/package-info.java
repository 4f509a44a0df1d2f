/** Preprocessing shared by training and serving: imputation, normalization, windowing, features. */
package forecast.domain.preprocessing;
